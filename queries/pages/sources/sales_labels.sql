-- one row per source label of the loaded deals (deal_facts) that is not marketing's: its key
-- (source_key) is one of $sales_sources' keys or the unknown source's. the distinct labels are few, so
-- each is normalised once here, and the sourced queries compare every deal's label exactly.
select unnest(list_filter(
    (select list(distinct source) from deal_facts),
    lambda label: list_contains(
        list_transform(list_append($sales_sources::varchar[], $unknown_source), lambda s: source_key(s)),
        source_key(label)
    )
)) as source;
