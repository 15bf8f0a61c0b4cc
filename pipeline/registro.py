"""Los nombres de los tipos de documento (sin importar sus módulos: la línea de órdenes y la
construcción incremental los necesitan antes de saber si habrá algo que renderizar)."""

NOMBRES = ("ficha", "evaluacion", "perfil", "informe", "nota", "carta", "ordenanza", "acta",
           "plan-trabajo", "diagnostico", "seguimiento")
