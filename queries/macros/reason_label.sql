-- the name of one reason (an aggregate over the spellings of one reason_key, with n the rows of each spelling): its
-- most common spelling, ties to the first in byte order ("No budget" before "no budget"). the lost reasons, the
-- rejection reasons and the SQL quality name their reasons so (trial 61: one reason, one label on every row).
create or replace macro reason_label(spelling, n) as
    arg_min(spelling, {'fewer': -n, 'spelling': spelling});
