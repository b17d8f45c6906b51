-- data test: one row per lead whose lifecycle_stage is none of the funnel's stages ($stages, as
-- config.STAGES) nor 'disqualified': the derivation would silently read it as a plain lead. none expected.
select lead_id, lifecycle_stage
from leads
where lifecycle_stage is not null
    and not list_contains(list_append($stages, 'disqualified'), lower(lifecycle_stage));
