-- one row: how many leads, deals, spend rows and targets are loaded (an empty state says what is there; the CLI
-- refuses a report or metrics of a database nothing was imported into)
select
    (select count(*) from leads) as count_leads,
    (select count(*) from deals) as count_deals,
    (select count(*) from spend) as count_spend,
    (select count(*) from targets) as count_targets
