"""timeline-site: events from news articles as YAML in, a static chronology site out.

The pipeline, one module per stage:

    load        YAML files -> position-carrying nodes          (generator.load)
    model       nodes -> validated, frozen records              (generator.model, generator.validate)
    chronology  records -> sorted, grouped, indexed timeline    (generator.chronology)
    render      timeline -> pages, feeds, exports               (generator.render)
    build       writes the site atomically                      (generator.build)
    mkdocs      the thin MkDocs adapter                         (generator.mkdocs_plugin)
"""

__version__ = "0.1.0"
