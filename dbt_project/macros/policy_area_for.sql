{#- The policy area of a printed name: the matching keyword with the lowest priority wins. -#}
{% macro policy_area_for(text_expr) -%}
(
    select kw.policy_area_code
    from {{ ref('policy_area_keywords') }} as kw
    where contains({{ text_expr }}, kw.keyword)
    order by kw.priority, length(kw.keyword) desc
    limit 1
)
{%- endmacro %}
