// Consultation: stage presets, concerns, schedule and aftercare, the .ics calendar, the price book and the
// touch-up cost forecast. Pure functions, no DOM: the studio and the report call these.
export * from './stages.js';
export * from './concerns.js';
export * from './zone.js';
export * from './schedule.js';
export * from './aftercare.js';
export * from './ics.js';
export * from './price.js';
export * from './forecast.js';
export * from './intake.js';
export * from './signoff.js';
export * from './visits.js';
