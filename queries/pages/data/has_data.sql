-- one row: whether at least one lead or deal is loaded (the pages' empty state)
select exists (select 1 from leads) or exists (select 1 from deals) as has_data
