-- Which Collector-written spans a project sees (JSON of project/SpanVisibility; empty: the default, ALL for
-- the first project and OWN for the others). Spans our receiver writes carry the sender's project in the
-- resource attribute annotation.project.id.
ALTER TABLE ${db}.annotation_projects ${onCluster}
    ADD COLUMN IF NOT EXISTS span_visibility String DEFAULT '' COMMENT 'JSON: {"mode","services","attributeKey","attributeValue"}; empty = default'
;
