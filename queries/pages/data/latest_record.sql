-- the data's latest record (a lead's or a deal's date before the stored horizon), apart from a stated complete-through
-- day: one row of data_as_of, which schema/refresh.sql stores. the Data page, the import report and the SLA page's
-- "as of" words set the stated day against it
select max(recorded_at) as recorded_at
from data_as_of;
