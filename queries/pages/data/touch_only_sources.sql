-- the sources only touches carry, one row each: no lead, deal or spend row has them (a touches file's channel no lead
-- has, such as direct mail). a source filter keeps leads by their own source, so such a filter's funnel is empty and
-- its sources row holds only the revenue its touches earned: the command line says so (probe 79).
select distinct source
from touches
where source is not null
    and source not in (select source from lead_stages where source is not null)
    and source not in (select source from deal_facts where source is not null)
    and source not in (select source from spend where source is not null)
order by source;
