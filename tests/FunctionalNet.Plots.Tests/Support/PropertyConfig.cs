using FsCheck.Xunit;

// Every [Property] in this assembly replays one fixed seed so CI is deterministic; change it locally to explore
// other cases. A test that needs another count sets MaxTest on its own attribute.
[assembly: Properties(Replay = "(1592651789,305419895)", QuietOnSuccess = true)]
