/** The PostgreSQL incident store and its outbox. Nothing here is public but the provider. */
package io.devmentor.monitoring.postgres;
