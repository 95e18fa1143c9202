-- A card's permalink, asked of Slack once when the card is posted, so App Home rows and
-- other cards (a stage 2 card, a duplicate) link to it without asking again.
alter table slack_threads add column permalink text;
