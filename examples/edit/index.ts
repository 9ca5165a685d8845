// Pure plan edits for the studio's tools: regions, brush and eraser, hairline handles, sessions and
// touch-ups. Every edit takes a PlanInput and returns a new one (the input is never changed); a refused
// edit throws EditError (or the engine's PlanError) with a message for the artist.
export * from './geometry.js';
export * from './regions.js';
export * from './brush.js';
export * from './hairline.js';
export * from './sessions.js';
