import { describe, expect, it } from "vitest";
import { ACCOUNT_POLICY, clientAddress, SignInThrottle } from "./sign-in-throttle";

describe("sign-in throttle", () => {
  it("locks an account after the free failures, doubling each time, and a success clears it", () => {
    let now = 1_000_000;
    const throttle = new SignInThrottle(() => now);
    const key = "account:a@example.com";
    for (let i = 0; i < ACCOUNT_POLICY.freeFailures; i += 1) throttle.recordFailure(key, ACCOUNT_POLICY);
    expect(throttle.retryAfterSeconds([key])).toBe(0);
    throttle.recordFailure(key, ACCOUNT_POLICY);
    expect(throttle.retryAfterSeconds([key])).toBe(1);
    throttle.recordFailure(key, ACCOUNT_POLICY);
    expect(throttle.retryAfterSeconds([key])).toBe(2);
    for (let i = 0; i < 30; i += 1) throttle.recordFailure(key, ACCOUNT_POLICY);
    expect(throttle.retryAfterSeconds([key])).toBe(ACCOUNT_POLICY.maxLockMs / 1000);
    now += ACCOUNT_POLICY.maxLockMs + 1;
    expect(throttle.retryAfterSeconds([key, "address:x"])).toBe(0);
    throttle.recordSuccess(key);
    throttle.recordFailure(key, ACCOUNT_POLICY);
    expect(throttle.retryAfterSeconds([key])).toBe(0);
  });

  it("reads the first forwarded hop as the client address", () => {
    expect(clientAddress({ "x-forwarded-for": "203.0.113.9, 10.0.0.1" })).toBe("203.0.113.9");
    expect(clientAddress({ "x-real-ip": "198.51.100.2" })).toBe("198.51.100.2");
    expect(clientAddress(undefined)).toBe("unknown");
  });
});
