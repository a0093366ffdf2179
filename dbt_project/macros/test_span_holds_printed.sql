{#- A fact's character span lies inside its source line (span_end > span_start) and the line's
    text at the span holds the printed number (the first number of `printed`, spaces ignored);
    with printed=none the span itself must be a number (an unread number of rpt_unread_lines). -#}
{% test span_holds_printed(model, printed=none) %}
with spanned as (
    select
        facts.*,
        document_lines.text as printed_line,
        substring(document_lines.text, facts.span_start + 1, facts.span_end - facts.span_start) as span_text
    from {{ model }} as facts
    inner join {{ ref('stg_document_lines') }} as document_lines
        on facts.document_id = document_lines.document_id and facts.source_line = document_lines.line_no
    where facts.span_start is not null or facts.span_end is not null
)

select * from spanned
where
    span_start is null or span_end is null
    or span_start < 0 or span_end <= span_start or span_end > length(printed_line)
    {%- if printed %}
    or ({{ printed }} is not null
        and regexp_matches({{ printed }}, '[0-9０-９]')
        and strpos(
            replace(span_text, ' ', ''),
            regexp_extract(replace({{ printed }}, ' ', ''), '[0-9０-９]+([.．,，][0-9０-９]+)*', 0)
        ) = 0)
    {%- else %}
    or not regexp_matches(span_text, '^[≥≤<>＞＜]?[0-9０-９]+([.．,，][0-9０-９]+)*$')
    {%- endif %}
{% endtest %}
