"""timeline-site: events from news articles as YAML in, a static chronology site out.

The pipeline, one package per stage, data flowing one way:

    content      YAML files -> nodes with positions -> validated, frozen records   (generator.content)
    chronology   records -> ordered, grouped, indexed, cross-referenced timeline   (generator.chronology)
    render       timeline -> pages, feeds, exports (pure: values in, bytes out)    (generator.render)
    pipeline     build_site: one build, top to bottom; caches, search, publishing  (generator.pipeline)
    editorial    git history, diff, importers, scaffolding                        (generator.editorial)
    cli          the ``timeline`` command                                          (generator.cli)
    mkdocs       the thin MkDocs adapter, the only code that imports MkDocs       (generator.mkdocs_adapter)
"""

__version__ = "0.1.0"
