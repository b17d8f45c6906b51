-- one row: how many of the view's won deals with an amount (count_won_deals) have touches without a source on their
-- path (count_deals: the lead's touches up to the deal's creation, as schema/deal_credits.sql reads them), how many
-- such touches there are (count_touches), and how many won deals have a touch with a source (count_sourced_deals:
-- with none, every model credits each deal to its own source and the models' columns are the same). a
-- touch without a source is credited to the deal's own source (deal_credits.sql), as first touch credits it, so a
-- touches file imported without its source column made every model equal first touch with nothing on the page
-- saying why (probe 79: salesforce campaign members, campaign type unread). the source filter is lifted by the caller,
-- as for the attribution itself.
with won as (
    select deal_id, lead_id, created_at as opened_at
    from deals_in_scope($view)
    where status = 'won' and amount is not null
),
paths as (
    select
        w.deal_id,
        count(*) filter (where t.source is null) as sourceless,
        count(*) filter (where t.source is not null) as sourced
    from won as w
    join touches as t on t.lead_id = w.lead_id and t.touched_at <= w.opened_at
    group by w.deal_id
)
select
    (select count(*) from won) as count_won_deals,
    count(*) filter (where sourceless > 0) as count_deals,
    count(*) filter (where sourced > 0) as count_sourced_deals,
    coalesce(sum(sourceless), 0) as count_touches
from paths;
