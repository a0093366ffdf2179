{#- The comparable form of a printed indicator name: no whitespace, full-width brackets
    folded, a trailing unit in brackets and trailing comparison words removed. -#}
{% macro normalize_indicator_name(name_expr) -%}
regexp_replace(
    regexp_replace(
        replace(replace(regexp_replace({{ name_expr }}, '\s+', '', 'g'), '（', '('), '）', ')'),
        '(\([^()]{1,8}\))+$', ''
    ),
    '(超过|达到|不低于|不少于|以上)$', ''
)
{%- endmacro %}
