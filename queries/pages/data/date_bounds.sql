-- one row: the first and last day with a lead, a stage entry the tiles count by its date (mql, sql) or a deal
-- (created or closed; an open deal's close date is only expected, as data_as_of reads it), and the data's today
-- (data_as_of), as stored by schema/refresh.sql (data_days) inside every import's transaction: they depend only on
-- the data, and one landing page asks five times (the min and max read every lead each time: 58 ms at ten million
-- leads)
select min_date, max_date, as_of_at
from data_days;
