{#- The page a document line is printed on, where raw.document_lines records one (PDF input),
    else NULL: the marts' source_page. One place to name the page column. -#}
{% macro document_line_page(lines_alias) -%}
    {%- set page_columns = ['source_page', 'page_no', 'page_number', 'page'] -%}
    {%- set found = [] -%}
    {%- if execute -%}
        {%- for column in adapter.get_columns_in_relation(source('raw', 'document_lines')) -%}
            {%- if column.name | lower in page_columns -%}{%- do found.append(column.name) -%}{%- endif -%}
        {%- endfor -%}
    {%- endif -%}
    {%- if found -%}
        cast({{ lines_alias }}.{{ found[0] }} as integer)
    {%- else -%}
        cast(null as integer)
    {%- endif -%}
{%- endmacro %}
