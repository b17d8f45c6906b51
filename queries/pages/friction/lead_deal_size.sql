-- one row: the average won deal that a friction point's missing conversions are valued at (friction._at_stake), over
-- the view's deals that came through the funnel whose steps are judged, scoped as deals.sql scopes them. counting by
-- lead those with a lead: a deal without one (outbound, sales' own) never went through the lead funnel (trial 70:
-- fifteen outbound $200k deals made the average $57,774 where the 67 wins from leads averaged $25,933, and every
-- revenue at stake 2.23 times what the funnel's own deals imply). counting by account every deal of the view's
-- accounts: an account of outbound deals only is in the account funnel. a won deal without an amount is a win of
-- unknown size, not 0, as in deals.sql. count_won_without_lead: the wins left out, for the page to say so;
-- count_won_without_amount: the funnel's wins the average cannot weigh (review 75: the note counted them in it).
select
    avg(amount) filter (where is_won and (has_lead or ($view).count_by = 'account')) as avg_deal_size,
    count(*) filter (where is_won and not has_lead and coalesce(($view).count_by, 'lead') = 'lead')
        as count_won_without_lead,
    count(*) filter (where is_won and (has_lead or ($view).count_by = 'account')) as count_won_from_funnel,
    count(*) filter (where is_won and amount is null and (has_lead or ($view).count_by = 'account'))
        as count_won_without_amount
from deals_in_scope($view);
