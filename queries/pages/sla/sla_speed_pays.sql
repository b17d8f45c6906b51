-- one row per response band (0-5, 5-15, 15-60, 60+ minutes, never contacted, not contacted yet) of
-- leads that were due: how many, how many became opportunities and customers, the rates, won revenue,
-- and whether the band is within the sla. "never contacted" is the sla summary's never-contacted status;
-- leads overdue but still inside the waiting horizon are a band of their own.
with leads as (
    select *
    from sla_leads($view, $sla_minutes, $clock_start, $business_hours, $day_start_minute, $day_end_minute, $workdays, $holidays,
        $data_timezone, $business_timezone, $waiting_days)
    where is_due
),
banded as (
    select
        *,
        case
            when status = 'never_contacted' then 5
            when response_minutes is null then 6
            when response_minutes <= $band_1 then 1
            when response_minutes <= $band_2 then 2
            when response_minutes <= $band_3 then 3
            else 4
        end as band_order
    from leads
)
select
    band_order,
    case band_order
        when 1 then '0–' || $band_1 || ' min'
        when 2 then $band_1 || '–' || $band_2 || ' min'
        when 3 then $band_2 || '–' || $band_3 || ' min'
        when 4 then $band_3 || '+ min'
        when 5 then 'never contacted'
        else 'not contacted yet'
    end as band,
    bool_and(status = 'within_sla') as within_sla,
    count(*) as count_leads,
    count(*) filter (where is_opportunity) as count_opportunities,
    count(*) filter (where is_customer) as count_won,
    count(*) filter (where is_opportunity) / count(*) as opportunity_rate,
    count(*) filter (where is_customer) / count(*) as won_rate,
    sum(revenue) as revenue
from banded
group by band_order
order by band_order;
