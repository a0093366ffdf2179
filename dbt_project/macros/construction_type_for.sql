{#- The category of a printed construction type (建设性质), from the words of the seed
    construction_types it contains: a continuation word without a 'new' word is a
    continuation ("续建", not "新建/续建"); else any renovation word is a renovation
    ("新建、改扩建"); else a 'new' word is new. NULL when it contains none. -#}
{% macro has_construction_word(text_expr, category) -%}
exists (
    select 1
    from {{ ref('construction_types') }} as construction_words
    where
        construction_words.construction_type = '{{ category }}'
        and contains({{ text_expr }}, construction_words.construction_type_zh)
)
{%- endmacro %}

{% macro construction_type_for(text_expr) -%}
case
    when
        {{ has_construction_word(text_expr, 'continuation') }}
        and not {{ has_construction_word(text_expr, 'new') }}
        then 'continuation'
    when {{ has_construction_word(text_expr, 'renovation_expansion') }} then 'renovation_expansion'
    when {{ has_construction_word(text_expr, 'new') }} then 'new'
end
{%- endmacro %}
