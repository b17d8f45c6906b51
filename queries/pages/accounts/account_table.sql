-- one row: whether the database's accounts table holds any account (the table is always there, empty until
-- an accounts file is imported; without rows the page shows account ids only).
select exists (select 1 from accounts) as has_accounts;
