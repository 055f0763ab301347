import { cronProblem } from "../../components/shared/cron-expression";

describe("cron expressions as robfig/cron reads them", () => {
  it.each([["0 2 * * *"], ["*/15 2-4 * JAN,feb SUN"], ["0 22 * * MON-FRI"], ["0 2 ? * *"], ["30 1 1,15 */2 0"]])(
    "takes %j (five fields)",
    (expression) => {
      expect(cronProblem(expression, "minute-first")).toBeUndefined();
    },
  );

  it.each([
    ["0 25 * * *", "hour '25': 25 is not within 0-23"],
    ["61 2 * * *", "minute '61': 61 is not within 0-59"],
    ["0 2 0 * *", "day-of-month '0': 0 is not within 1-31"],
    ["0 2 * 13 *", "month '13': 13 is not within 1-12 or JAN-DEC"],
    // croner would take 7 for Sunday; robfig/cron's day-of-week ends at 6.
    ["0 2 * * 7", "day-of-week '7': 7 is not within 0-6 or SUN-SAT"],
    ["0 2 L * *", "day-of-month 'L': L is not within 1-31"],
    ["0 2 * * 1#2", "day-of-week '1#2': '1#2' is not a value"],
    ["? 2 * * *", "minute '?': '?' is only allowed in day-of-month and day-of-week"],
    ["30-10 2 * * *", "minute '30-10': From value is larger than to value"],
    ["*/0 2 * * *", "minute '*/0': Syntax error, illegal stepping: 0"],
    ["0 2 * *", "must have 5 fields (minute hour day-of-month month day-of-week), got 4"],
  ])("refuses %j, naming the field: %s", (expression, problem) => {
    expect(cronProblem(expression, "minute-first")).toContain(problem);
  });

  it("reads six fields, seconds first, for Harbor", () => {
    expect(cronProblem("0 0 2 * * 6", "seconds-first")).toBeUndefined();
    expect(cronProblem("60 0 2 * * 6", "seconds-first")).toContain("second '60': 60 is not within 0-59");
    expect(cronProblem("0 2 * * 6", "seconds-first")).toContain("must have 6 fields (second minute hour");
  });
});
