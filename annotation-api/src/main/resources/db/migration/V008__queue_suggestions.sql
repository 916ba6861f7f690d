-- A queue option: show annotators the target's LLM and CODE scores for the queue's configs as suggestions.
-- Off by default (and for every queue created before it): a visible suggestion anchors a human's judgement.
ALTER TABLE ${db}.annotation_queues ${onCluster}
    ADD COLUMN IF NOT EXISTS show_suggestions Bool DEFAULT false COMMENT 'annotators see LLM/CODE scores as suggestions'
    AFTER review_required
