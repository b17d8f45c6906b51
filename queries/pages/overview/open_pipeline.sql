-- one row: the open deals (filtered by the dimensions) as of the data's last day: how many, their
-- amount, and the win rate of deals closed in the trailing $trailing_days before the view's end.
with scoped as (
    select *
    from view_deals($view)
)
select
    count(*) filter (where status = 'open') as count_open,
    coalesce(sum(amount) filter (where status = 'open'), 0) as open_pipeline,
    count(*) filter (where status = 'won' and closed_at >= ($view).date_to - to_days($trailing_days::integer)
        and closed_at < ($view).date_to) as count_won,
    count(*) filter (where status = 'lost' and closed_at >= ($view).date_to - to_days($trailing_days::integer)
        and closed_at < ($view).date_to) as count_lost
from scoped;
