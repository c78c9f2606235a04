import { ApiKeysSettings } from "@/components/settings/api-keys-settings";
import { pageContext } from "@/lib/auth/page-context";

export default async function ApiKeysPage() {
  await pageContext("api_keys.manage");
  return <ApiKeysSettings />;
}
