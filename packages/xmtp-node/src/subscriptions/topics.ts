/** Topic names, built in one place: a group's messages, and an installation's welcomes. */
export const groupTopic = (groupId: Uint8Array): string => `g/${Buffer.from(groupId).toString('hex')}`;
export const welcomeTopic = (installationKey: Uint8Array): string => `w/${Buffer.from(installationKey).toString('hex')}`;
