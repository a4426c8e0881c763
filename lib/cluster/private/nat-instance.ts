import * as ec2 from 'aws-cdk-lib/aws-ec2';

/** The CIDR of every VPC the library creates (a literal, so security group rules can name it). */
export const VPC_CIDR = '10.0.0.0/16';

/** A NAT provider that runs one NAT instance, and the instance once the VPC has created it. */
export type SingleNatInstanceProvider = ec2.NatProvider & { readonly natInstance: ec2.Instance | undefined };

/**
 * One NAT instance for a whole VPC: the low-cost profile's alternative to NAT gateways.
 *
 * aws-cdk-lib's NatInstanceProviderV2 does the same routing, but cannot require IMDSv2, encrypt the
 * root volume or turn on detailed monitoring, and opens nothing inbound unless told to open
 * everything; this provider does all four from the start.
 */
export function singleNatInstanceProvider(instanceType: ec2.InstanceType, image?: ec2.IMachineImage): SingleNatInstanceProvider {
  // The class extends ec2.NatProvider, and is defined on first use: a class statement at the top of the
  // file would load aws-ec2's NAT, VPN and machine image modules whenever the library is imported.
  providerClass ??= defineProvider();
  return new providerClass(instanceType, image);
}

let providerClass: ReturnType<typeof defineProvider> | undefined;

function defineProvider() {
  return class SingleNatInstance extends ec2.NatProvider {
    private instance?: ec2.Instance;
    private readonly gateways: ec2.GatewayConfig[] = [];

    constructor(private readonly instanceType: ec2.InstanceType, private readonly image?: ec2.IMachineImage) {
      super();
    }

    /** The NAT instance, once the VPC has been created. */
    public get natInstance(): ec2.Instance | undefined {
      return this.instance;
    }

    public get configuredGateways(): ec2.GatewayConfig[] {
      return this.gateways;
    }

    public configureNat(options: ec2.ConfigureNatOptions): void {
      const subnet = options.natSubnets[0];
      const securityGroup = new ec2.SecurityGroup(options.vpc, 'NatSecurityGroup', {
        vpc: options.vpc,
        description: 'NAT instance: traffic from the VPC to the internet',
        allowAllOutbound: true,
      });
      securityGroup.addIngressRule(ec2.Peer.ipv4(VPC_CIDR), ec2.Port.allTraffic(), 'Traffic from the VPC to the internet');
      const userData = ec2.UserData.forLinux();
      userData.addCommands(...ec2.NatInstanceProviderV2.DEFAULT_USER_DATA_COMMANDS);
      const arm = this.instanceType.architecture === ec2.InstanceArchitecture.ARM_64;
      const machineImage = this.image ?? ec2.MachineImage.resolveSsmParameterAtLaunch(
        `/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-6.1-${arm ? 'arm64' : 'x86_64'}`, { os: ec2.OperatingSystemType.LINUX });
      this.instance = new ec2.Instance(subnet, 'NatInstance', {
        vpc: options.vpc,
        vpcSubnets: { subnets: [subnet] },
        instanceType: this.instanceType,
        machineImage,
        sourceDestCheck: false,
        // The NAT needs a public IP; the subnets do not hand one out to anything else (CT.EC2.PR.11).
        associatePublicIpAddress: true,
        securityGroup,
        userData,
        detailedMonitoring: true,
        // Standard credits: a burstable NAT cannot run up a surplus-credit bill.
        creditSpecification: this.instanceType.isBurstable() ? ec2.CpuCredits.STANDARD : undefined,
        blockDevices: [{
          deviceName: '/dev/xvda',
          volume: ec2.BlockDeviceVolume.ebs(8, { encrypted: true, volumeType: ec2.EbsDeviceVolumeType.GP3, deleteOnTermination: true }),
        }],
      });
      // IMDSv2 through a launch template of our own: aws-cdk-lib's requireImdsv2 does the same with an
      // aspect, which warns when an app is synthesized twice (as tests do). The image is the launch
      // template's too, as in the pools: `resolve:ssm:` is read when the instance launches, where an
      // SSM-typed stack parameter would be resolved again at every update, and a newer AMI would replace
      // the instance (cutting the tasks' egress while it is swapped).
      const launchTemplate = new ec2.CfnLaunchTemplate(this.instance, 'LaunchTemplate', {
        launchTemplateData: {
          imageId: machineImage.getImage(this.instance).imageId,
          metadataOptions: { httpTokens: 'required', httpPutResponseHopLimit: 1 },
          monitoring: { enabled: true },
        },
      });
      const cfnInstance = this.instance.node.defaultChild as ec2.CfnInstance;
      cfnInstance.launchTemplate = { launchTemplateId: launchTemplate.ref, version: launchTemplate.attrLatestVersionNumber };
      cfnInstance.addPropertyDeletionOverride('ImageId');
      this.gateways.push({ az: subnet.availabilityZone, gatewayId: this.instance.instanceId });
      for (const privateSubnet of options.privateSubnets) this.configureSubnet(privateSubnet);
    }

    public configureSubnet(subnet: ec2.PrivateSubnet): void {
      subnet.addRoute('DefaultRoute', {
        routerType: ec2.RouterType.INSTANCE,
        routerId: this.instance!.instanceId,
        enablesInternetConnectivity: true,
      });
    }
  };
}
