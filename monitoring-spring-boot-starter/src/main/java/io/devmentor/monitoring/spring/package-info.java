/** What a Spring Boot application may add to the engine the starter builds. */
package io.devmentor.monitoring.spring;
