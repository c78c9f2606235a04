import "server-only";
import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { env } from "@/lib/config/env";
import { recordAuditEvent } from "@/lib/audit/record";
import { ensureUser, findUserByEmail } from "@/lib/users/create-user";
import { verifyPassword } from "./password";
import {
  ACCOUNT_POLICY,
  ADDRESS_POLICY,
  clientAddress,
  signInThrottle,
  TooManyAttemptsError,
} from "./sign-in-throttle";
import { authSecret } from "./secret";

function providers(): NextAuthOptions["providers"] {
  const list: NextAuthOptions["providers"] = [
    CredentialsProvider({
      id: "credentials",
      name: "Email and password",
      credentials: { email: { label: "Email", type: "email" }, password: { label: "Password", type: "password" } },
      async authorize(credentials, req) {
        const email = credentials?.email?.trim();
        const password = credentials?.password ?? "";
        if (!email || !password || email.length > 320 || password.length > 200) return null;
        const throttle = signInThrottle();
        const accountKey = `account:${email.toLowerCase()}`;
        const addressKey = `address:${clientAddress(req?.headers)}`;
        // Refused before the password is hashed, so a flood costs no scrypt time either.
        const wait = throttle.retryAfterSeconds([accountKey, addressKey]);
        if (wait > 0) throw new TooManyAttemptsError(wait);
        const user = await findUserByEmail(email);
        // verifyPassword spends the same time on a missing user: the answer says nothing about existence.
        const ok = await verifyPassword(password, user?.passwordHash);
        if (!user || !ok) {
          throttle.recordFailure(accountKey, ACCOUNT_POLICY);
          throttle.recordFailure(addressKey, ADDRESS_POLICY);
          return null;
        }
        throttle.recordSuccess(accountKey);
        await recordAuditEvent({ projectId: null, actor: { type: "user", userId: user.id }, action: "user.sign_in" });
        return { id: user.id, email: user.email, name: user.name };
      },
    }),
  ];
  const oidc = env().oidc;
  if (oidc) {
    list.push({
      id: "oidc",
      name: oidc.name,
      type: "oauth",
      wellKnown: `${oidc.issuer.replace(/\/$/, "")}/.well-known/openid-configuration`,
      clientId: oidc.clientId,
      clientSecret: oidc.clientSecret,
      idToken: true,
      checks: ["pkce", "state"],
      authorization: { params: { scope: "openid email profile" } },
      profile(profile: { sub: string; email?: string; name?: string }) {
        return { id: profile.sub, email: profile.email ?? null, name: profile.name ?? null };
      },
    });
  }
  return list;
}

export function authOptions(): NextAuthOptions {
  // next-auth builds its callback URLs from NEXTAUTH_URL; default to this server's port.
  process.env.NEXTAUTH_URL ??= env().publicUrl;
  return {
    secret: authSecret(),
    session: { strategy: "jwt", maxAge: 7 * 24 * 3600 },
    pages: { signIn: "/signin", error: "/signin" },
    providers: providers(),
    callbacks: {
      async signIn({ user, account }) {
        if (account?.provider !== "oidc") return true;
        if (!user.email) return false;
        await ensureUser({ email: user.email, name: user.name });
        return true;
      },
      async jwt({ token, user, account }) {
        if (user && account) {
          // OIDC users are known to us by e-mail; credentials users already carry our id.
          const local = account.provider === "oidc" && user.email ? await findUserByEmail(user.email) : undefined;
          token.uid = local?.id ?? user.id;
        }
        return token;
      },
      async session({ session, token }) {
        if (session.user && typeof token.uid === "string") (session.user as { id?: string }).id = token.uid;
        return session;
      },
    },
  };
}
