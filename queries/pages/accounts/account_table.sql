-- one row: whether the database has an accounts table with the columns the Accounts page shows (an
-- import may add one; without it the page shows account ids only).
select count(*) = 3 as has_accounts
from information_schema.columns
where table_name = 'accounts' and column_name in ('account_id', 'name', 'owner');
