"""Item pipelines (extract → deduplicate → language → store) and the code they share."""
