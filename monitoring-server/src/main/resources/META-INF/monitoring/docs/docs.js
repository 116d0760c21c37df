// The API reference: swagger-ui on the server's own OpenAPI document (a file, so that the page needs no inline
// script under its Content-Security-Policy).
window.ui = SwaggerUIBundle({ url: '/api/openapi.json', dom_id: '#api', deepLinking: true });
