-- One email per step (docs/rules/delivery.md#email): a notice whose letter follows waits for it
-- briefly, and goes in the letter's email (its words above the attached PDF) rather than in an
-- email of its own. `sent_with` names the delivery that carried it. A letter that never comes
-- leaves the notice to go alone when its wait is over, so nothing is lost.
alter table customer_deliveries add column waits_for_letter boolean not null default false;
alter table customer_deliveries add column sent_with uuid;
