-- What the bot learns about reaching a customer that has no column yet.
-- address: a letter needs more than a postcode (seed 000: letters are one of the contact methods).
-- access_needs: a format or language the customer asked for in their own words when it is
-- not one we can name (e.g. "Turkish", "an interpreter at home visits"); seeds 000/001/002.
alter table customers add column address text;
alter table customers add column access_needs text;
