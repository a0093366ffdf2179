{#- Every row satisfies the expression (a small stand-in for dbt_utils, which needs the hub). -#}
{% test dbt_expression_is_true(model, expression) %}
select * from {{ model }} where not ({{ expression }})
{% endtest %}
