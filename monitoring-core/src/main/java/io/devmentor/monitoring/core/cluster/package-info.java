/**
 * Several instances: membership, the owner of each service, shared results and claims.
 */
package io.devmentor.monitoring.core.cluster;
