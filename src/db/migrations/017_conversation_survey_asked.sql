-- A turn reads its conversation anyway; with this on it, the satisfaction survey looks for a
-- survey waiting on the conversation only where one was asked (or chased) lately, instead of
-- querying on every customer's every message (issue 18; docs/rules/turn-pipeline.md).
alter table conversations add column survey_asked_at timestamptz;
update conversations v set survey_asked_at = s.at
  from (select conversation_id, max(coalesce(chased_at, sent_at)) as at
        from survey_responses where status = 'asked' and conversation_id is not null
        group by conversation_id) s
  where s.conversation_id = v.id;
