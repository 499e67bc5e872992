// The results vocabulary (`AutoscalingResult`, `ReschedulingResult`, …) for every file of this
// target: the runner's outputs are BulkheadResults types.
@_exported import BulkheadResults
