/**
 * The contracts between the engine's stages: the value a check produces ({@link Checked}), the order it passes
 * through the stages ({@link CheckPipeline}), and the narrow commands one stage may give another. No stage is
 * named here.
 */
package io.devmentor.monitoring.core.pipeline;
