"""The Scrapy project: settings, the site registry and the `news` spider."""
