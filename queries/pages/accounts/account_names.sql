-- one row per account of the accounts table among $account_ids: its name and owner.
select account_id, name, owner
from accounts
where account_id in (select unnest($account_ids::varchar[]));
