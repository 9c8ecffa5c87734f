// saidwhat serve: starts Swagger UI on /docs (a static file: the CSP allows no inline script).
"use strict";

document.addEventListener("DOMContentLoaded", () => {
  const root = document.getElementById("swagger-ui");
  SwaggerUIBundle({ url: root.dataset.openapi, domNode: root, deepLinking: true });
});
