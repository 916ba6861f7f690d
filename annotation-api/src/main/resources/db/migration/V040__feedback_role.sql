-- Role FEEDBACK: a public key a web page uses to record end-user feedback (FEEDBACK scores only).
-- Adding an Enum8 value is a metadata change; existing rows keep their values. Running it again changes nothing.
ALTER TABLE ${db}.annotation_api_keys ${onCluster}
    MODIFY COLUMN role Enum8('ADMIN' = 1, 'ANNOTATOR' = 2, 'REVIEWER' = 3, 'VIEWER' = 4, 'FEEDBACK' = 5)
