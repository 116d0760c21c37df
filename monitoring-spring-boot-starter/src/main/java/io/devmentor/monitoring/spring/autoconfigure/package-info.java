/** The starter's auto-configuration: read by Spring, not API. */
package io.devmentor.monitoring.spring.autoconfigure;
