-- A change of email address is told to the old address when it is asked for, with a link that
-- stops it (issue 12, item 9): a person whose account was taken over learns in time.
ALTER TABLE email_changes ADD COLUMN stop_token_hash VARCHAR(64);
ALTER TABLE email_changes ADD COLUMN stopped_at TIMESTAMP WITH TIME ZONE;
CREATE UNIQUE INDEX email_changes_stop_token ON email_changes (stop_token_hash);
