// For every file of this target: the results vocabulary (`AutoscalingResult`,
// `ReschedulingResult`, …; the runner's outputs are BulkheadResults types) and the shared fixtures
// (`Recorder`, `makeSimulation`, `queueScenario`, …).
@_exported import BulkheadResults
@_exported import BulkheadTestSupport
