-- A turn reads its conversation anyway; with this on it, the satisfaction survey looks for a
-- survey waiting on the conversation only where one was asked (or chased) lately, instead of
-- querying on every customer's every message (issue 18; docs/rules/turn-pipeline.md).
-- A trigger keeps it, so whatever writes a survey (the sweep, a chase, an import) cannot
-- leave a conversation unmarked.
alter table conversations add column survey_asked_at timestamptz;

create function note_survey_asked() returns trigger language plpgsql as $$
begin
  if new.status = 'asked' and new.conversation_id is not null then
    update conversations
       set survey_asked_at = greatest(coalesce(survey_asked_at, '-infinity'), coalesce(new.chased_at, new.sent_at, now()))
     where id = new.conversation_id;
  end if;
  return new;
end $$;

create trigger survey_asked_on_conversation
  after insert or update of status, sent_at, chased_at on survey_responses
  for each row execute function note_survey_asked();

update conversations v set survey_asked_at = s.at
  from (select conversation_id, max(coalesce(chased_at, sent_at)) as at
        from survey_responses where status = 'asked' and conversation_id is not null
        group by conversation_id) s
  where s.conversation_id = v.id;
