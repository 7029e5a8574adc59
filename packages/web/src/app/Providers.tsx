import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { useState, type ReactNode } from 'react';
import { WagmiProvider } from 'wagmi';
import { XmtpProvider } from '../features/xmtp/XmtpProvider.tsx';
import { createWagmiConfig } from '../lib/wagmi.ts';
import { ServicesProvider, type Services } from '../lib/services.tsx';

export function Providers({ services, children }: { services: Services; children: ReactNode }) {
  const [wagmiConfig] = useState(() => createWagmiConfig(services.config));
  const [queryClient] = useState(() => new QueryClient({ defaultOptions: { queries: { retry: 2 } } }));
  return (
    <WagmiProvider config={wagmiConfig}>
      <QueryClientProvider client={queryClient}>
        <ServicesProvider services={services}>
          <XmtpProvider>{children}</XmtpProvider>
        </ServicesProvider>
      </QueryClientProvider>
    </WagmiProvider>
  );
}
