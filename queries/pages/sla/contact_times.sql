-- one row: whether any lead of the data has a first-contact time. an export without a first-contact column
-- (HubSpot's and Salesforce's standard ones have none) would read as every lead never contacted and 0 % SLA
-- compliance: without a single contact time the SLA cannot be measured, which the pages say instead.
with one_contacted as (
    select lead_id
    from leads
    where first_contact_at is not null
    limit 1
)
select count(*) > 0 as has_contact_times
from one_contacted;
